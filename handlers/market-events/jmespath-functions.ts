import { PowertoolsFunctions } from "@aws-lambda-powertools/jmespath/functions";

/**
 * Powertools' JMESPath functions, introspected once. The idempotency utility evaluates two JMESPath
 * expressions per event (the key, the payload check), and every evaluation builds an interpreter
 * that walks the functions' prototype chain again (Functions.introspectMethods): measured at ~30%
 * of the handler's CPU in bench/market-events. The set of functions never changes, so after the
 * first walk the answer is the one already collected.
 *
 * (@aws-lambda-powertools/jmespath is the idempotency utility's own dependency, pinned 2.35.0 by it.)
 */
export class IntrospectedOnceFunctions extends PowertoolsFunctions {
  override introspectMethods(scope?: unknown): Set<string> {
    // Called on the instance (and, within the walk, on its prototypes): answer from the instance's set.
    if (Object.prototype.hasOwnProperty.call(this, "methods") && this.methods.size > 0) return this.methods;
    return super.introspectMethods(scope as never);
  }
}
