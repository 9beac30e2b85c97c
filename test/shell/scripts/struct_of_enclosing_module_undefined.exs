defmodule Outer2 do
  defmodule Inner do
    def new, do: %Outer2{}
  end
  defstruct name: "john"
end
