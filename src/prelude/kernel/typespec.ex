# Kernel.Typespec: what Elixir's module of that name exposes to other code. The typespec
# attributes themselves are kept by the module being built (runtime/compiler/module-build.ts)
# and translated by Code.Typespec; these are Module's hooks (defines_type?/2 and
# spec_to_callback/2 on a module being built) and the deprecated readers moved to
# Code.Typespec and Code.fetch_docs/1.
defmodule Kernel.Typespec do
  @moduledoc false

  @doc false
  @deprecated "Use Code.Typespec.spec_to_quoted/2 instead"
  def spec_to_ast(name, spec), do: Code.Typespec.spec_to_quoted(name, spec)

  @doc false
  @deprecated "Use Code.Typespec.type_to_quoted/1 instead"
  def type_to_ast(type), do: Code.Typespec.type_to_quoted(type)

  @doc false
  @deprecated "Use Code.fetch_docs/1 instead"
  def beam_typedocs(module) when is_atom(module) or is_binary(module) do
    case Code.fetch_docs(module) do
      {:docs_v1, _, _, _, _, _, docs} ->
        for {{:type, name, arity}, _, _, doc, _} <- docs do
          case doc do
            %{"en" => text} -> {{name, arity}, text}
            :hidden -> {{name, arity}, false}
            _ -> {{name, arity}, nil}
          end
        end

      {:error, _} ->
        nil
    end
  end

  @doc false
  @deprecated "Use Code.Typespec.fetch_types/1 instead"
  def beam_types(module) when is_atom(module) or is_binary(module), do: ok_or_nil(Code.Typespec.fetch_types(module))

  @doc false
  @deprecated "Use Code.Typespec.fetch_specs/1 instead"
  def beam_specs(module) when is_atom(module) or is_binary(module), do: ok_or_nil(Code.Typespec.fetch_specs(module))

  @doc false
  @deprecated "Use Code.Typespec.fetch_callbacks/1 instead"
  def beam_callbacks(module) when is_atom(module) or is_binary(module), do: ok_or_nil(Code.Typespec.fetch_callbacks(module))

  defp ok_or_nil({:ok, value}), do: value
  defp ok_or_nil(:error), do: nil

  @doc false
  def defines_type?(module, {name, arity} = _signature) when is_atom(module) and is_atom(name) and arity in 0..255 do
    :beamsh_module.defines_type?(module, name, arity)
  end

  @doc false
  def spec_to_callback(module, {name, arity} = _signature) when is_atom(module) and is_atom(name) and arity in 0..255 do
    :beamsh_module.spec_to_callback(module, name, arity)
  end
end
