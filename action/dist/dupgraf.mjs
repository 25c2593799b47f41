#!/usr/bin/env node
import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a as c}from"./chunks/chunk-HP7FVNGD.mjs";import"./chunks/chunk-B7GZK433.mjs";var o=!1;process.stdout.on("error",s=>{s.code!=="EPIPE"&&(o||process.stderr.write(`dupgraf: cannot write to stdout (${s.code??s.message})
`),o=!0,process.exitCode=2)});async function n(){let s=[];for await(let e of process.stdin)s.push(e);return Buffer.concat(s)}var r=process.argv.slice(2);try{r.length===1&&(r[0]==="--version"||r[0]==="-v")?process.stdout.write(`${c.version}
`):await i()}catch(s){process.stderr.write(`dupgraf: internal error: ${s?.stack??String(s)}
`),process.exitCode=2}async function i(){let{run:s}=await import("./chunks/run-O4TLTV62.mjs"),e=await s(r,{stdout:process.stdout,stderr:process.stderr,cwd:process.cwd(),env:process.env,stdoutIsTTY:!!process.stdout.isTTY,stderrIsTTY:!!process.stderr.isTTY,columns:process.stdout.columns||100,readStdin:n,untilStopped:()=>new Promise(t=>{process.once("SIGTERM",()=>t("SIGTERM")),process.once("SIGINT",()=>t("SIGINT"))})});process.exitCode=o?2:e}
