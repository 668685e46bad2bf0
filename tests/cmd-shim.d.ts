// npm's own shim writer for Windows (the .cmd, .ps1 and sh files it puts in node_modules/.bin).
declare module 'cmd-shim' {
  export default function cmdShim(from: string, to: string): Promise<void>
}
