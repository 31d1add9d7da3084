import type { ChildProcess } from "node:child_process";
import type * as grpc from "@grpc/grpc-js";
import type { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { type DynamicProviderPlugin, type ProviderCall, ProviderCallError } from "./plugin-types";
import { type PropertyMap, stripSecrets, wireSecret } from "./wire";

/** The engine's side of the ResourceProvider gRPC service, one typed method per call. */
export function createPluginClient(
  client: ResourceProviderClient,
  child: ChildProcess,
  port: number,
  script: string,
  output: () => { stdout: string; stderr: string },
): DynamicProviderPlugin {
  const calls: ProviderCall[] = [];
  const invoke = <Response>(
    call: ProviderCall,
    send: (callback: (error: grpc.ServiceError | null, response: Response) => void) => void,
  ): Promise<Response> => {
    calls.push(call);
    return new Promise((resolve, reject) => {
      send((error, response) => {
        if (error) reject(toProviderCallError(call.method, error));
        else resolve(response);
      });
    });
  };

  return {
    port,
    script,
    calls,
    output,

    async configure({ variables = {}, secretKeys = [], acceptSecrets = true } = {}) {
      const request = new providerPb.ConfigureRequest();
      const args: PropertyMap = {};
      for (const [key, value] of Object.entries(variables)) {
        request.getVariablesMap().set(key, typeof value === "string" ? value : JSON.stringify(value));
        args[key] = secretKeys.includes(key) ? wireSecret(value) : value;
      }
      request.setArgs(Struct.fromJavaScript(args as never));
      request.setAcceptsecrets(acceptSecrets);
      request.setAcceptresources(true);
      const response = await invoke<providerPb.ConfigureResponse>({ method: "configure" }, (callback) =>
        client.configure(request, callback),
      );
      return {
        acceptSecrets: response.getAcceptsecrets(),
        supportsPreview: response.getSupportspreview(),
        acceptResources: response.getAcceptresources(),
      };
    },

    async check(urn, olds, news) {
      const { plain, secretNames } = stripSecrets(news);
      const request = new providerPb.CheckRequest();
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setOlds(toStruct(stripSecrets(olds).plain));
      request.setNews(toStruct(plain));
      const response = await invoke<providerPb.CheckResponse>({ method: "check", urn }, (callback) =>
        client.check(request, callback),
      );
      return {
        inputs: fromStruct(response.getInputs()),
        failures: response
          .getFailuresList()
          .map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() })),
        secretInputNames: secretNames,
      };
    },

    async diff(id, urn, olds, news, oldInputs) {
      const request = new providerPb.DiffRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setOlds(toStruct(stripSecrets(olds).plain));
      request.setNews(toStruct(stripSecrets(news).plain));
      if (oldInputs) request.setOldInputs(toStruct(stripSecrets(oldInputs).plain));
      const response = await invoke<providerPb.DiffResponse>({ method: "diff", urn, id }, (callback) =>
        client.diff(request, callback),
      );
      const changes = response.getChanges();
      const { DIFF_NONE, DIFF_SOME } = providerPb.DiffResponse.DiffChanges;
      return {
        changes: changes === DIFF_SOME ? "some" : changes === DIFF_NONE ? "none" : "unknown",
        replaces: response.getReplacesList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
      };
    },

    async create(urn, properties, { preview = false } = {}) {
      const request = new providerPb.CreateRequest();
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setProperties(toStruct(stripSecrets(properties).plain));
      request.setPreview(preview);
      const response = await invoke<providerPb.CreateResponse>({ method: "create", urn }, (callback) =>
        client.create(request, callback),
      );
      return { id: response.getId(), properties: fromStruct(response.getProperties()) };
    },

    async read(id, urn, properties, inputs) {
      const request = new providerPb.ReadRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setProperties(toStruct(stripSecrets(properties).plain));
      if (inputs) request.setInputs(toStruct(stripSecrets(inputs).plain));
      const response = await invoke<providerPb.ReadResponse>({ method: "read", urn, id }, (callback) =>
        client.read(request, callback),
      );
      const returnedInputs = response.getInputs();
      return {
        id: response.getId(),
        properties: fromStruct(response.getProperties()),
        ...(returnedInputs ? { inputs: fromStruct(returnedInputs) } : {}),
      };
    },

    async update(id, urn, olds, news, oldInputs) {
      const request = new providerPb.UpdateRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setOlds(toStruct(stripSecrets(olds).plain));
      request.setNews(toStruct(stripSecrets(news).plain));
      if (oldInputs) request.setOldInputs(toStruct(stripSecrets(oldInputs).plain));
      const response = await invoke<providerPb.UpdateResponse>({ method: "update", urn, id }, (callback) =>
        client.update(request, callback),
      );
      return fromStruct(response.getProperties());
    },

    async delete(id, urn, properties, oldInputs) {
      const request = new providerPb.DeleteRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setName(nameOf(urn));
      request.setType(typeOf(urn));
      request.setProperties(toStruct(stripSecrets(properties).plain));
      if (oldInputs) request.setOldInputs(toStruct(stripSecrets(oldInputs).plain));
      await invoke<unknown>({ method: "delete", urn, id }, (callback) => client.delete(request, callback));
    },

    async stop() {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function toProviderCallError(method: ProviderCall["method"], error: grpc.ServiceError): ProviderCallError {
  // The plugin packs ErrorResourceInitFailed into a google.rpc.Status in this trailer.
  const [statusBytes] = error.metadata?.get("grpc-status-details-bin") ?? [];
  let initFailure: ProviderCallError["initFailure"];
  if (statusBytes) {
    const status = Status.deserializeBinary(
      typeof statusBytes === "string" ? Buffer.from(statusBytes) : statusBytes,
    );
    for (const detail of status.getDetailsList()) {
      if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
      const failed = providerPb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
      initFailure = {
        id: failed.getId(),
        properties: fromStruct(failed.getProperties()),
        reasons: failed.getReasonsList(),
      };
    }
  }
  return new ProviderCallError(method, error.code, error.details, initFailure);
}

function toStruct(properties: PropertyMap): Struct {
  return Struct.fromJavaScript(properties as never);
}

function fromStruct(struct: Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

// urn:pulumi:<stack>::<project>::<qualified type>::<name>
function nameOf(urn: string): string {
  return urn.split("::")[3] ?? "";
}

function typeOf(urn: string): string {
  return urn.split("::")[2]?.split("$").pop() ?? "";
}
