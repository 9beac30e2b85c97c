// The colour theme for the tree of components (NO_COLOR decides the default).
import { createContext, useContext } from "react";
import { Theme, themeFor } from "../theme.js";

export const ThemeContext = createContext<Theme>(themeFor());

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
