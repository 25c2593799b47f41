import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a as i}from"./chunk-65CDQU4K.mjs";import{a as m,d,e as p,f,g as c}from"./chunk-7COU6NT7.mjs";import{c as s}from"./chunk-S2GDLPOV.mjs";import{a as u}from"./chunk-HMMHKQJE.mjs";function l(t){let r=t.findIndex(e=>m.includes(e));if(r<0)return"dupgraf --help";let a=t[r]==="index"&&/^[a-z]+$/.test(t[r+1]??"")?` ${t[r+1]}`:"";return`dupgraf ${t[r]}${a} --help`}async function g(t,r){let a=await f([p(t)]);return new Promise(e=>{try{c(t,r,a).parse(t,{},(n,o,w)=>{e({error:n??void 0,argv:o,output:w})})}catch(n){e({error:n,output:""})}})}async function $(t,r){let a=await g(d(t),r.columns??100);if(a.error){let n=await(await import("./unknown-flags-DPCN7Z5N.mjs")).explainUnknown(a.error.message,t);return r.stderr.write(`dupgraf: ${n}
Run \`${l(t)}\` for usage.
`),i.Fatal}if(a.output)return r.stdout.write(a.output+`
`),i.Ok;let e=a.argv;try{let n=e._[0];return n==="scan"?await(await import("./scan-command-HWKE2WSZ.mjs")).runScan(e,r):n==="index"?await(await import("./index-command-MEPXAAYT.mjs")).runIndex(e,r):n==="check"?await(await import("./check-command-X7IQAT5Z.mjs")).runCheckCommand(e,r):n==="baseline"?await(await import("./check-command-X7IQAT5Z.mjs")).runBaselineCommand(e,r):n==="approve"?await(await import("./check-command-X7IQAT5Z.mjs")).runApproveCommand(e,r):n==="serve"?await(await import("./serve-command-J5CRDC3Y.mjs")).runServeCommand(e,r):(r.stderr.write(`dupgraf: unknown command ${n}
`),i.Fatal)}catch(n){if(n instanceof u||n instanceof s){for(let o of n.message.split(`
`))r.stderr.write(`dupgraf: ${o}
`);return i.Fatal}throw n}}export{$ as a};
