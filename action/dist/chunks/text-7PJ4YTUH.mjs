import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{b as a,c as b,d as c}from"./chunk-4RCUUCOH.mjs";import"./chunk-OXZPUJRQ.mjs";import"./chunk-PSHI25R4.mjs";import"./chunk-YEORVOPQ.mjs";import"./chunk-K4TRD2VR.mjs";import"./chunk-B7GZK433.mjs";export{c as formatText,b as formatTextChunks,a as leftOutParts};
