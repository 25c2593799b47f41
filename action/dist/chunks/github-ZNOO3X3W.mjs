import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a,b,c,d}from"./chunk-COJEYRTD.mjs";import"./chunk-MVTPMB67.mjs";import"./chunk-PSHI25R4.mjs";import"./chunk-HM4UP6I3.mjs";import"./chunk-B7GZK433.mjs";export{a as escapeData,b as escapeProperty,d as formatGithub,c as workflowCommand};
