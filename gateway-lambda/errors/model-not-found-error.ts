import { GatewayError } from "./gateway-error";

/**
 * 404 (as OpenAI answers for an unknown model): a bare model name is not in the catalog, or a
 * `provider:` prefix names no provider the gateway knows. The message shows the `provider:model` form.
 *
 * @example
 * throw ModelNotFoundError.unknownModel("gpt-9", "model");
 */
export class ModelNotFoundError extends GatewayError {
  readonly model: string;

  constructor(model: string, message: string, param: string) {
    super({ code: "model_not_found", message, param });
    this.model = model;
  }

  static unknownModel(model: string, param: string): ModelNotFoundError {
    return new ModelNotFoundError(
      model,
      `The model \`${model}\` is not in keyway's catalog. To call a model the catalog does not list, name its provider as \`provider:model\` (for example \`openai:${model}\`).`,
      param,
    );
  }

  static unknownProvider(
    model: string,
    provider: string,
    param: string,
    suggestion?: string,
  ): ModelNotFoundError {
    const hint = suggestion ? ` Provider ids are lowercase: did you mean \`${suggestion}\`?` : "";
    return new ModelNotFoundError(
      model,
      `The model \`${model}\` names the provider \`${provider}\`, which this gateway does not know.${hint}`,
      param,
    );
  }
}
