/**
 * Replaces @aws-sdk/credential-provider-node in Lambda bundles. In Lambda the execution role's
 * credentials are always in the environment, so the SSO, INI, process, web-identity and IMDS
 * providers of the default chain (and the STS/SSO clients they pull in) are dead weight: about
 * 80 KB of bundle and cold-start parse time.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";

export const defaultProvider = () => fromEnv();
