// beamsh's EPMD daemon: started detached by a node when nothing answers on the EPMD port
// (as `erl` starts `epmd -daemon`), so it outlives that node and serves every node on this
// host, beamsh or not. It runs until killed or asked to stop with KILL_REQ (`epmd -kill`),
// which it accepts when no node is registered.
//
//   node epmd-daemon.js        port from ERL_EPMD_PORT (default 4369), addresses from
//                              ERL_EPMD_ADDRESS (default: all interfaces)
import { EpmdServer, epmdPort } from "./epmd.js";

const relaxed = process.env.ERL_EPMD_RELAXED_COMMAND_CHECK !== undefined;
const server = new EpmdServer({ relaxed });
const hosts = (process.env.ERL_EPMD_ADDRESS ?? "").split(",").map((h) => h.trim()).filter((h) => h !== "");
server.onKill = () => process.exit(0);
server.listen(epmdPort(), hosts.length > 0 ? hosts : undefined).catch(() => process.exit(1));
process.title = "beamsh-epmd";
