import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a}from"./chunk-JFW27XTZ.mjs";import"./chunk-GYIDNV2R.mjs";import"./chunk-LCUYKXUP.mjs";import"./chunk-OLZSMI46.mjs";import"./chunk-HMMHKQJE.mjs";import"./chunk-HP7FVNGD.mjs";import"./chunk-T7IBK7KN.mjs";import"./chunk-B7GZK433.mjs";export{a as buildParser};
