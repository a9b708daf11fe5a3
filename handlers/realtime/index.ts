import { SNSClient } from "@aws-sdk/client-sns";
import { createRealtimeHandler } from "./handler";
import { readRealtimeSettings } from "./settings";

// Cold start: settings are checked (a missing or bad variable fails initialisation, naming it)
// and the client, logger, metrics and alert memory are built once per container.
// To run the function in-process (tests, the e2e), import createRealtimeHandler from ./handler.
export const handler = createRealtimeHandler({ sns: new SNSClient({}), settings: readRealtimeSettings(process.env) });
