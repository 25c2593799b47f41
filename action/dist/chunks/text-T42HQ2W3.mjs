import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-5RJF2KIS.mjs";import"./chunk-T7IBK7KN.mjs";import"./chunk-ACA4NX5R.mjs";import"./chunk-PSHI25R4.mjs";import"./chunk-HM4UP6I3.mjs";import"./chunk-K4TRD2VR.mjs";import"./chunk-B7GZK433.mjs";export{c as formatText,b as formatTextChunks,a as leftOutParts};
