import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{d as a,e as b,f as c}from"./chunk-EBEYOE6R.mjs";import"./chunk-5RADIAX5.mjs";import"./chunk-VMDIIP7I.mjs";import"./chunk-U42MXYV2.mjs";import"./chunk-ACA4NX5R.mjs";import"./chunk-HM4UP6I3.mjs";import"./chunk-B7GZK433.mjs";export{b as formatHtml,c as formatHtmlChunks,a as wordDiff};
