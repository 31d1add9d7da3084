import type { GatewaySnapshot, GatewayStore } from "./gateway-store";

/**
 * A store that always serves the same in-memory snapshot: for tests, and for `keyway serve`'s demo
 * (a bundled fake upstream with demo keys). Nothing to load, refresh or close.
 *
 * @example
 * const gateway = createGateway({ store: createStaticStore(snapshot) });
 */
export function createStaticStore(snapshot: GatewaySnapshot): GatewayStore {
  return {
    snapshot: async () => snapshot,
    close: async () => {},
  };
}
