/** Bad command-line input (the CLI prints it with its usage and exits 2): the operations commands' one class. */
export { UsageError } from "../glue/jobs";
