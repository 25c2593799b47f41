import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{g as r}from"./chunk-S2GDLPOV.mjs";var i=[...r,"create","readonly","lowestThreshold","cacheMegabytes","quickCheck","migrate","connectTimeoutMs","lockTimeoutMs"];function a(e){return/^postgres(ql)?:\/\//i.test(e)}function o(e){if(!a(e))return e;try{let t=new URL(e);return t.password?(t.password="***",t.toString()):e}catch{return e.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@/]*@/i,"$1***@")}}export{i as a,a as b,o as c};
