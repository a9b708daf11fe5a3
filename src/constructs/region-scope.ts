import { Aspects, TerraformResource, type TerraformProvider } from "cdktf";
import { Construct, type IConstruct } from "constructs";

export interface RegionScopeProps {
  /** The provider (an aliased AwsProvider of another region) every resource below this scope uses. */
  readonly provider: TerraformProvider;
  /** The region that provider is configured for, for the constructs that name it in ARNs and policies. */
  readonly region: string;
}

/**
 * A subtree of a stack deployed through another provider (another region). The constructs under it
 * are the ordinary ones (keys, buses, queues): none needs a `provider` prop of its own, because an
 * aspect assigns this provider to every resource below the scope that names none, at synth.
 */
export class RegionScope extends Construct {
  readonly provider: TerraformProvider;
  readonly region: string;

  constructor(scope: Construct, id: string, props: RegionScopeProps) {
    super(scope, id);
    this.provider = props.provider;
    this.region = props.region;
    Aspects.of(this).add({
      visit: (node: IConstruct) => {
        if (TerraformResource.isTerraformResource(node) && node.provider === undefined) node.provider = props.provider;
      },
    });
  }
}
