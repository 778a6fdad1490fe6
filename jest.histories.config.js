// `npm run histories:record`: writes test/histories/*.json (not part of `npm test`).
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default { ...base, testMatch: ['**/test/histories/record-histories.ts'] };
