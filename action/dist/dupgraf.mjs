#!/usr/bin/env node
import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a as n}from"./chunks/chunk-HP7FVNGD.mjs";import"./chunks/chunk-B7GZK433.mjs";var e=!1;process.stdout.on("error",s=>{s.code!=="EPIPE"&&(e||process.stderr.write(`dupgraf: cannot write to stdout (${s.code??s.message})
`),e=!0,process.exitCode=2)});async function c(){let s=[];for await(let r of process.stdin)s.push(r);return Buffer.concat(s)}var o=process.argv.slice(2);i();async function i(){try{o.length===1&&(o[0]==="--version"||o[0]==="-v")?process.stdout.write(`${n.version}
`):await d()}catch(s){process.stderr.write(`dupgraf: internal error: ${s?.stack??String(s)}
`),process.exitCode=2}}async function d(){let{run:s}=await import("./chunks/run-VJDEBYO4.mjs"),r=await s(o,{stdout:process.stdout,stderr:process.stderr,cwd:process.cwd(),env:process.env,stdoutIsTTY:!!process.stdout.isTTY,stderrIsTTY:!!process.stderr.isTTY,columns:process.stdout.columns||100,readStdin:c,untilStopped:()=>new Promise(t=>{process.once("SIGTERM",()=>t("SIGTERM")),process.once("SIGINT",()=>t("SIGINT"))})});process.exitCode=e?2:r}
