// Child-process half of runProgramUnderMocks (run-program.ts). Plain CommonJS run by plain Node, so
// closure serialization sees exactly what it sees under `pulumi up` (no Vite transform).
//
// argv[2] is a JSON object: { programFile, project, stack, preview, resourceResults, callResults }.
// Stack config arrives the way the language host passes it: env PULUMI_CONFIG and
// PULUMI_CONFIG_SECRET_KEYS, set by the parent. The result goes back over the IPC channel.
"use strict";

const path = require("node:path");
const { createRequire } = require("node:module");

const options = JSON.parse(process.argv[2]);
const programFile = path.resolve(options.programFile);
// The program's own copy of @pulumi/pulumi (a separate project has its own node_modules).
const requireFromProgram = createRequire(programFile);

let finished = false;
function finish(message) {
  if (finished) return;
  finished = true;
  process.send(message, () => process.exit(message.ok ? 0 : 1));
}
function fail(error) {
  const text = error instanceof Error ? error.stack || error.message : String(error);
  finish({ ok: false, error: text });
}
// A provider that fails to serialize shows up as an unhandled rejection ("error serializing
// property __provider") while the resource's outputs never resolve: fail instead of hanging.
process.on("unhandledRejection", fail);
process.on("uncaughtException", fail);

async function main() {
  const pulumi = requireFromProgram("@pulumi/pulumi");
  const { MockMonitor } = requireFromProgram("@pulumi/pulumi/runtime/mocks");
  const rpc = requireFromProgram("@pulumi/pulumi/runtime/rpc");
  const settings = requireFromProgram("@pulumi/pulumi/runtime/settings");
  const state = requireFromProgram("@pulumi/pulumi/runtime/state");
  const debuggable = requireFromProgram("@pulumi/pulumi/runtime/debuggable");

  // A registration that fails before reaching the monitor (e.g. `__provider` does not serialize)
  // is only logged at debug level and leaves the resource's outputs pending forever. Record it.
  const failedRegistrations = [];
  const failPendingRegistration = state.failPendingRegistration;
  state.failPendingRegistration = (resource, error) => {
    failedRegistrations.push(`${resource?.__name ?? "resource"}: ${error?.stack ?? error}`);
    return failPendingRegistration(resource, error);
  };

  const registrations = [];
  let registering;
  // MockResourceArgs carries no resource options. The monitor's registerResource gets the real
  // RegisterResourceRequest and calls mocks.newResource synchronously (before its first await),
  // so the request in flight is the one newResource is answering.
  const registerResource = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (request, callback) {
    const record = {
      type: request.getType(),
      name: request.getName(),
      custom: request.getCustom(),
      parent: request.getParent(),
      provider: request.getProvider(),
      dependencies: request.getDependenciesList(),
      additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
      deleteBeforeReplace: request.getDeletebeforereplace(),
      ignoreChanges: request.getIgnorechangesList(),
      replaceOnChanges: request.getReplaceonchangesList(),
      // What the engine receives on the wire: secrets wrapped, unknowns as the sentinel string.
      wireInputs: request.getObject() ? request.getObject().toJavaScript() : {},
    };
    registrations.push(record);
    registering = record;
    try {
      return registerResource.call(this, request, (error, response) => {
        if (response) {
          record.urn = response.getUrn();
          record.id = response.getId();
        }
        callback(error, response);
      });
    } finally {
      registering = undefined;
    }
  };

  const mocks = {
    newResource(args) {
      if (registering && registering.name === args.name && registering.type === args.type) {
        registering.inputs = args.inputs;
      }
      const supplied = options.resourceResults?.[args.name] ?? {};
      return { id: supplied.id ?? `${args.name}-id`, state: supplied.state ?? args.inputs };
    },
    call(args) {
      const supplied = options.callResults?.[args.token];
      return supplied ?? args.inputs;
    },
  };
  await pulumi.runtime.setMocks(mocks, options.project, options.stack, options.preview);

  let exported = requireFromProgram(programFile);
  if (typeof exported === "function") exported = await exported();
  // Stack outputs as the runtime would send them to the engine: secrets wrapped, unknowns as sentinel.
  const wireOutputs = await rpc.serializeProperties("stack outputs", { ...(exported || {}) });
  await settings.waitForRPCs();
  if (failedRegistrations.length > 0)
    throw new Error(`registration failed: ${failedRegistrations.join("\n")}`);
  // What `pulumi up` does at exit: promises still pending fail the deployment.
  const [leaks, leakMessage] = debuggable.leakedPromises();
  if (leaks.size > 0) throw new Error(leakMessage);
  // Let rejections from the last RPCs surface as unhandledRejection before reporting success.
  await new Promise((resolve) => setImmediate(resolve));
  finish({ ok: true, registrations: toPlainData(registrations), wireOutputs: toPlainData(wireOutputs) });
}

/** JSON-safe copy: live objects (resources, assets) become a "[ClassName]" marker. */
function toPlainData(value) {
  return JSON.parse(
    JSON.stringify(value, (_key, inner) => {
      if (inner && typeof inner === "object" && !Array.isArray(inner)) {
        const prototype = Object.getPrototypeOf(inner);
        if (prototype !== Object.prototype && prototype !== null)
          return `[${inner.constructor?.name ?? "object"}]`;
      }
      return inner;
    }),
  );
}

main().catch(fail);
