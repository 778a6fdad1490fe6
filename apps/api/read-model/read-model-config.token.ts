/** Token of the ReadModelConfig: where the API finds the order read model. */
export const READ_MODEL_CONFIG = Symbol('ReadModelConfig');
