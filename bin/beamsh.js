#!/usr/bin/env node
// Launcher: the shell itself is compiled from src/shell/main.ts (npm install builds it).
import { main } from "../dist/src/shell/main.js";

main(process.argv);
