import type { Clock } from "../clock";
import type { Logger } from "../logger";
import type { KeyHealth } from "../routing/key-health";
import type { GatewaySnapshot, GatewayStore } from "../store/gateway-store";
import type { SnapshotIndex } from "./snapshot-index";

/** Everything a request needs from its gateway: built once per process by `createGateway`. */
export interface GatewayRuntime {
  store: GatewayStore;
  clock: Clock;
  logger: Logger;
  keyHealth: KeyHealth;
  random: () => number;
  requestId: () => string;
  /** The derived indexes of a snapshot, built once per snapshot. */
  indexOf: (snapshot: GatewaySnapshot) => SnapshotIndex;
}
