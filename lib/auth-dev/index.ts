export {
  DEV_AUDIENCE,
  DEV_ISSUER,
  devSigningKeyPaths,
  ensureDevSigningKey,
  NoDevSigningKeyError,
  readDevPrivateKey,
} from './dev-signing-key.js';
export {
  DEV_TOKEN_LIFETIME_SECONDS,
  signDevToken,
  type DevRole,
  type DevTokenRequest,
} from './dev-token.js';
