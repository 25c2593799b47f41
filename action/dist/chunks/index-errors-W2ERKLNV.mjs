import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a,b,c,d,e,f}from"./chunk-W4LLXMRE.mjs";import"./chunk-HMMHKQJE.mjs";import"./chunk-B7GZK433.mjs";export{b as IncompatibleIndexError,a as IndexFileError,d as asIndexError,f as damagedIndexError,c as isCorruptionCode,e as isFull};
