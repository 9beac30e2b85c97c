# Application: what `use Application` gives a module (the behaviour and a default stop/1).
defmodule Application do
  @moduledoc false

  defmacro __using__(_) do
    quote location: :keep do
      @behaviour Application

      @doc false
      def stop(_state) do
        :ok
      end

      defoverridable stop: 1
    end
  end
end
