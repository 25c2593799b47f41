import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{b as r,c as n}from"./chunk-K4TRD2VR.mjs";import"./chunk-B7GZK433.mjs";function*t(o){yield*n(o),yield`
`}function i(o){return r(t(o))}export{i as formatJson,t as formatJsonChunks};
