// Version strings shown by the banner, runtime_info/0 and the BREAK menu's (v)ersion.
export const VERSION = "0.1.0";

export const VERSION_INFO = {
  beamsh: VERSION,
  /** The Elixir version whose behaviour and output beamsh reproduces. */
  elixir: "1.14.0",
};

export const BANNER = `Interactive beamsh (${VERSION}) - press Ctrl+C to exit (type h() ENTER for help)`;
