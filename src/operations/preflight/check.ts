/** The outcome of one preflight check: one row of the table the CLI prints. */
export interface CheckResult {
  readonly name: string;
  readonly status: "pass" | "fail";
  /** What was found, with the figures the verdict rests on. */
  readonly detail: string;
  /** One line: what to do about a failure ("" when it passed). */
  readonly remedy: string;
}

export const pass = (name: string, detail: string): CheckResult => ({ name, status: "pass", detail, remedy: "" });
export const fail = (name: string, detail: string, remedy: string): CheckResult => ({ name, status: "fail", detail, remedy });

/** An AWS API call that failed, with the IAM action it needed (the SDK error does not name it). */
export class ApiCallError extends Error {
  override readonly name = "ApiCallError";
  /** The SDK error's name, e.g. "AccessDeniedException", "NoSuchBucket". */
  readonly code: string;
  readonly httpStatus?: number;

  constructor(readonly action: string, cause: unknown) {
    const error = cause as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const code = error?.name ?? "Error";
    const status = error?.$metadata?.httpStatusCode;
    // Only the first line: SDK deserialization errors append a paragraph on how to see the response.
    const message = String(error?.message ?? cause).split("\n")[0].slice(0, 160);
    super(`${action} failed: ${code}${status ? ` (HTTP ${status})` : ""}${message && message !== code ? `: ${message}` : ""}`);
    this.code = code;
    this.httpStatus = status;
  }
}

/** Awaits an SDK call, naming the IAM action in the error it throws. */
export async function call<T>(action: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw new ApiCallError(action, error);
  }
}

/** True when `error` is an ApiCallError whose SDK error is one of `codes`. */
export function failedWith(error: unknown, ...codes: string[]): error is ApiCallError {
  return error instanceof ApiCallError && codes.includes(error.code);
}

const REFUSED = /AccessDenied|UnauthorizedOperation|Forbidden|NotAuthorized/i;
const BAD_CREDENTIALS = /ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|CredentialsProviderError|InvalidAccessKeyId/i;

/** The call was refused for want of an IAM permission. */
export const wasRefused = (error: ApiCallError): boolean => REFUSED.test(error.code) || error.httpStatus === 403;

/** The remedy for a call that was refused or failed, from its error code. */
export function remedyForFailedCall(error: ApiCallError): string {
  if (wasRefused(error)) return `Allow ${error.action} to the role running preflight (a read-only action), then run it again`;
  if (BAD_CREDENTIALS.test(error.code)) return `Refresh the credentials (${error.code}) and run preflight again`;
  // A local AWS server answers an API it does not implement with 404 or 501 and no AWS error code.
  if ((error.httpStatus === 404 || error.httpStatus === 501) && !/Exception$|^NoSuch|NotFound/.test(error.code)) return `This endpoint does not serve ${error.action}: run preflight against AWS for this check`;
  return `Run preflight again; if ${error.action} keeps failing, check the region, network and --endpoint`;
}

/** The FAIL row for a check that could not finish: what failed, with its error code, never a crash. */
export function failedCheck(name: string, error: unknown): CheckResult {
  if (error instanceof ApiCallError) return fail(name, error.message, remedyForFailedCall(error));
  return fail(name, `the check itself failed: ${(error as Error)?.message ?? String(error)}`, "Report this as a bug in src/operations/preflight with the detail shown");
}
