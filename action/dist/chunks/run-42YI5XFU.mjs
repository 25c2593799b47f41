import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a as b,b as c}from"./chunk-VYZ4WZSD.mjs";import{a}from"./chunk-DXRBK5U7.mjs";import"./chunk-LCUYKXUP.mjs";import"./chunk-OLZSMI46.mjs";import"./chunk-S2GDLPOV.mjs";import"./chunk-GV3YCM4H.mjs";import"./chunk-HMMHKQJE.mjs";import"./chunk-B7GZK433.mjs";export{a as ExitCode,c as run,b as switchWithValue};
