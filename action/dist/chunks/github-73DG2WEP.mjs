import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a,b,c,d}from"./chunk-HBMDE65D.mjs";import"./chunk-7CJJG3X2.mjs";import"./chunk-PSHI25R4.mjs";import"./chunk-HUPYW2SI.mjs";import"./chunk-B7GZK433.mjs";export{a as escapeData,b as escapeProperty,d as formatGithub,c as workflowCommand};
