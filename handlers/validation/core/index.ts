/**
 * The AWS-free core of the validation Lambda: object key parsing, the byte stream, and a streaming
 * record validator with bounded memory. See README.md in this folder for the rules and choices.
 */
export { parseObjectKey, partitionDayStart } from "./object-key";
export type { ObjectKeyInfo, RecordFormat } from "./object-key";
export { openRecordStream } from "./record-stream";
export { validateObject } from "./validate-object";
export type { RejectedRecord, ValidationSinks, ValidateObjectOptions } from "./validate-object";
export { validateRecord, createFileContext } from "./record-validator";
export type { FileContext, RecordOutcome, AcceptedOutcome, RejectedOutcome } from "./record-validator";
export { fillFromObject, readJsonRecord } from "./json-record-reader";
export { RawFields } from "./raw-fields";
export { NormalisedRecord } from "./normalised-record";
export { JsonlWriter } from "./jsonl-writer";
export type { ValidationSummary } from "./validation-summary";
export { DEFAULT_VALIDATION_CONFIG, resolveValidationConfig } from "./config";
export type { ValidationConfig } from "./config";
export { RULES, ALL_RULE_IDS } from "./rules";
export type { RuleId, RuleCounts } from "./rules";
export { SCHEMAS, DATASETS } from "./datasets";
export type { Dataset, DatasetSchema, FieldSpec, FieldKind } from "./datasets";
export { SYMBOL_PATTERN } from "./symbol-format";
export { UnreadableObjectError, ObjectKeyError } from "./errors";
export type { UnreadableReason, ObjectKeyErrorCode } from "./errors";
export { tradingDateOf, tradingDayBounds, isValidTimeZone } from "./trading-date";
