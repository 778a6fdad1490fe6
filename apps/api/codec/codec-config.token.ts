/** Token of the codec endpoint's CodecConfig. */
export const CODEC_CONFIG = Symbol('CodecConfig');
