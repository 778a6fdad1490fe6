export { AesGcmPayloadCodec, PayloadDecryptionError } from './aes-gcm-codec.js';
export {
  generatePayloadEncryptionKey,
  parsePayloadEncryptionKeys,
  PayloadEncryptionKeysError,
  type PayloadEncryptionKey,
} from './encryption-keys.js';
export { encryptingDataConverter, payloadCodecEnv } from './payload-codec-env.js';
export {
  payloadsFromJson,
  payloadsToJson,
  remoteCodecBody,
  type RemoteCodecBody,
} from './remote-codec-protocol.js';
