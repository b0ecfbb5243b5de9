/**
 * Stands in for `node:child_process` in the bundle (see the build script's --alias). commander
 * imports it only to run git-style executable subcommands, which mtlskit does not define; the real
 * module drags in net and dgram and costs every command a few milliseconds of start-up.
 */
const unavailable = () => {
  throw new Error('mtlskit defines no executable subcommands');
};
export const spawn = unavailable;
export const execFileSync = unavailable;
export default { spawn, execFileSync };
