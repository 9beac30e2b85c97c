// The worker thread launcher.ts starts: the whole shell runs here (see host.ts).
import { workerData } from "node:worker_threads";
import type { WorkerData } from "./host.js";
import { workerHost } from "./host.js";
import { main } from "./main.js";

void main((workerData as WorkerData).argv, workerHost());
