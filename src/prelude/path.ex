# Path: file system paths as text, for Unix (beamsh's os type). Arguments may be chardata;
# results are binaries. The component functions are Erlang's :filename (src/stdlib/filename.ts);
# absname/expand read the current directory and the home directory; safe_relative_to/2
# resolves "." and ".." by name, as :filelib.safe_relative_path/2 does when no symbolic link
# is on the way. wildcard/2 is :filelib.wildcard's walk, without dot files unless match_dot.
defmodule Path do
  def wildcard(glob, opts \\ []) when is_list(opts) do
    mod = if Keyword.get(opts, :match_dot), do: :file, else: Path.Wildcard

    glob
    |> wildcard_chars!()
    |> :filelib.wildcard(mod)
    |> Enum.map(&IO.chardata_to_string/1)
  end

  # (a glob is chardata; a null byte in it is refused, as invalid UTF-8 is)
  defp wildcard_chars!(chardata) do
    case :unicode.characters_to_list(chardata) do
      chars when is_list(chars) ->
        if 0 in chars do
          raise ArgumentError, "cannot execute Path.wildcard/2 for path with null byte, got: #{inspect(chardata)}"
        end

        chars

      {:error, encoded, rest} ->
        raise UnicodeConversionError, encoded: encoded, rest: rest, kind: :invalid

      {:incomplete, encoded, rest} ->
        raise UnicodeConversionError, encoded: encoded, rest: rest, kind: :incomplete
    end
  end

  def absname(path), do: absname(path, File.cwd!())

  def absname(path, relative_to) do
    path = IO.chardata_to_string(path)

    case type(path) do
      :relative -> absolute_join([relative_to, path])
      :absolute -> absolute_join([path])
    end
  end

  # Joins names onto the first (made relative), collapsing repeated slashes and "/.", and
  # dropping a trailing slash unless the path is the root.
  defp absolute_join([name]), do: collapse(IO.chardata_to_string(name), "")

  defp absolute_join([name1, name2 | rest]) do
    absolute_join([collapse(IO.chardata_to_string(name1), relative(name2)) | rest])
  end

  defp collapse(first, second) do
    joined = collapse_chars(first, [])
    joined = if second == "", do: joined, else: collapse_chars(second, separate(joined))
    joined |> strip_trailing() |> :lists.reverse() |> IO.iodata_to_binary()
  end

  defp separate([?., ?/ | rest]), do: [?/ | rest]
  defp separate([?/ | _] = acc), do: acc
  defp separate(acc), do: [?/ | acc]

  defp collapse_chars(<<?/, rest::binary>>, [?., ?/ | acc]), do: collapse_chars(rest, [?/ | acc])
  defp collapse_chars(<<?/, rest::binary>>, [?/ | _] = acc), do: collapse_chars(rest, acc)
  defp collapse_chars(<<c, rest::binary>>, acc), do: collapse_chars(rest, [c | acc])
  defp collapse_chars(<<>>, acc), do: acc

  defp strip_trailing([?/]), do: [?/]
  defp strip_trailing([?/ | acc]), do: acc
  defp strip_trailing(acc), do: acc

  def expand(path), do: dot_free(absname(home_expanded(path), File.cwd!()))

  def expand(path, relative_to) do
    dot_free(absname(absname(home_expanded(path), home_expanded(relative_to)), File.cwd!()))
  end

  def type(name) when is_list(name) or is_binary(name) do
    if absolute?(name), do: :absolute, else: :relative
  end

  defp absolute?(<<?/, _::binary>>), do: true
  defp absolute?([?/ | _]), do: true
  defp absolute?([list | rest]) when is_list(list), do: absolute?(list ++ rest)
  defp absolute?([bin | _]) when is_binary(bin), do: absolute?(bin)
  defp absolute?(_), do: false

  def relative(name) do
    name |> IO.chardata_to_string() |> drop_root()
  end

  defp drop_root("/"), do: "."
  defp drop_root(<<?/, rest::binary>>), do: rest
  defp drop_root(relative), do: relative

  def relative_to(path, from) do
    path = IO.chardata_to_string(path)
    relative_parts(split(path), split(from), path)
  end

  defp relative_parts(same, same, _path), do: "."
  defp relative_parts([h | t1], [h | t2], path), do: relative_parts(t1, t2, path)
  defp relative_parts([_ | _] = rest, [], _path), do: join(rest)
  defp relative_parts(_, _, path), do: path

  def relative_to_cwd(path), do: relative_to(path, File.cwd!())

  def basename(path), do: :filename.basename(IO.chardata_to_string(path))

  def basename(path, extension) do
    :filename.basename(IO.chardata_to_string(path), IO.chardata_to_string(extension))
  end

  def dirname(path), do: :filename.dirname(IO.chardata_to_string(path))

  def extname(path), do: :filename.extension(IO.chardata_to_string(path))

  def rootname(path), do: :filename.rootname(IO.chardata_to_string(path))

  def rootname(path, extension) do
    :filename.rootname(IO.chardata_to_string(path), IO.chardata_to_string(extension))
  end

  def join([name1, name2 | rest]), do: join([join(name1, name2) | rest])
  def join([name]), do: IO.chardata_to_string(name)

  def join(left, right) do
    left = IO.chardata_to_string(left)

    joined =
      case {left, right} do
        {left, "/"} -> without_trailing_slash(left)
        {"", right} -> relative(right)
        {"/", right} -> "/" <> relative(right)
        {left, right} -> without_trailing_slash(left) <> "/" <> relative(right)
      end

    without_trailing_slash(joined)
  end

  defp without_trailing_slash(""), do: ""
  defp without_trailing_slash("/"), do: "/"

  defp without_trailing_slash(bin) do
    if :binary.last(bin) == ?/, do: binary_part(bin, 0, byte_size(bin) - 1), else: bin
  end

  def split(path), do: :filename.split(IO.chardata_to_string(path))

  def safe_relative(path), do: safe_relative_to(path, File.cwd!())

  def safe_relative_to(path, _relative_to) do
    path = IO.chardata_to_string(path)

    case type(path) do
      :absolute -> :error
      :relative -> safe_parts(split(path), [])
    end
  end

  defp safe_parts(["." | rest], acc), do: safe_parts(rest, acc)
  defp safe_parts([".." | _rest], []), do: :error
  defp safe_parts([".." | rest], [_ | acc]), do: safe_parts(rest, acc)
  defp safe_parts([part | rest], acc), do: safe_parts(rest, [part | acc])
  defp safe_parts([], []), do: {:ok, ""}
  defp safe_parts([], acc), do: {:ok, IO.chardata_to_string(:filename.join(:lists.reverse(acc)))}

  defp home_expanded(path) do
    case IO.chardata_to_string(path) do
      "~" -> home()
      "~/" <> rest -> home() <> "/" <> rest
      other -> other
    end
  end

  defp home do
    case System.get_env("HOME") do
      nil -> raise RuntimeError, "could not find the user home, please set the HOME environment variable"
      home -> home
    end
  end

  # Resolves "." and ".." by name ("/.." is "/").
  defp dot_free(<<"/", rest::binary>>), do: "/" <> dot_free_parts(:binary.split(rest, "/", [:global]), [])
  defp dot_free(path), do: dot_free_parts(:binary.split(path, "/", [:global]), [])

  defp dot_free_parts([".." | t], [_, _ | acc]), do: dot_free_parts(t, acc)
  defp dot_free_parts([".." | t], []), do: dot_free_parts(t, [])
  defp dot_free_parts(["." | t], acc), do: dot_free_parts(t, acc)
  defp dot_free_parts([h | t], acc), do: dot_free_parts(t, ["/", h | acc])
  defp dot_free_parts([], []), do: ""
  defp dot_free_parts([], ["/" | acc]), do: IO.iodata_to_binary(:lists.reverse(acc))
end
