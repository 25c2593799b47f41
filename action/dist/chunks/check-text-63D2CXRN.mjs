import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a,b,c,d}from"./chunk-7CJJG3X2.mjs";import"./chunk-PSHI25R4.mjs";import"./chunk-HUPYW2SI.mjs";import"./chunk-B7GZK433.mjs";export{a as changedFactsText,b as describeFinding,c as describeSources,d as formatCheckText};
