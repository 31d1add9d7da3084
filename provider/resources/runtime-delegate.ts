import type * as pulumi from "@pulumi/pulumi";

export type RuntimeProviderName = "providerKey" | "accessKeyConfiguration" | "accessKey";

/**
 * The dynamic provider Pulumi serializes into state. It captures nothing but a name: every method
 * loads keyway's provider runtime by package name from the user's project when it runs. That keeps
 * clients, configuration and secrets out of the serialized closure, keeps `__provider` a few hundred
 * bytes, and lets refresh and destroy of old state run the installed keyway version.
 */
export function delegateToRuntime(name: RuntimeProviderName): pulumi.dynamic.ResourceProvider {
  const runtime = (): Required<pulumi.dynamic.ResourceProvider> => require("keyway/provider-runtime")[name];
  return {
    check: (olds, news) => runtime().check(olds, news),
    diff: (id, olds, news) => runtime().diff(id, olds, news),
    create: (inputs) => runtime().create(inputs),
    read: (id, props) => runtime().read(id, props),
    update: (id, olds, news) => runtime().update(id, olds, news),
    delete: (id, props) => runtime().delete(id, props),
  };
}
