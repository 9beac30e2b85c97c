# :erl_anno as OTP 25 keeps annotations of abstract code: a bare location (a line, or
# {line, column}) until another item is set, then a list of {item, value} pairs (location,
# text, file, generated, record) that goes back to the bare location once only it is left.
defmodule :erl_anno do
  @moduledoc false

  defguardp is_line(l) when is_integer(l) and l >= 0
  defguardp is_col(c) when is_integer(c) and c >= 1

  def new(line) when is_line(line), do: line
  def new({line, col} = loc) when is_line(line) and is_col(col), do: loc
  def new(term), do: :erlang.error(:badarg, [term])

  def is_anno(line) when is_line(line), do: true
  def is_anno({line, col}) when is_line(line) and is_col(col), do: true

  def is_anno(anno) do
    anno != [] and items?(anno) and :lists.keymember(:location, 1, anno)
  end

  defp items?([{item, value} | rest]), do: item?(item, value) and items?(rest)
  defp items?(rest), do: rest == []

  defp item?(:location, l) when is_line(l), do: true
  defp item?(:location, {l, c}) when is_line(l) and is_col(c), do: true
  defp item?(:generated, true), do: true
  defp item?(:record, true), do: true
  defp item?(:file, f), do: is_list(f) or is_binary(f)
  defp item?(:text, t), do: is_list(t)
  defp item?(_, _), do: false

  def to_term(anno), do: anno
  def from_term(line) when is_integer(line) and line < 0, do: set_generated(true, new(-line))
  def from_term(term), do: term

  def column({line, col}) when is_line(line) and is_col(col), do: col
  def column(line) when is_line(line), do: :undefined

  def column(anno) do
    case location(anno) do
      {_, col} -> col
      _ -> :undefined
    end
  end

  def end_location(anno) do
    case text(anno) do
      :undefined ->
        :undefined

      text ->
        case location(anno) do
          {line, col} -> end_of(text, line, col)
          line -> end_of(text, line)
        end
    end
  end

  defp end_of([], line, col), do: {line, col}
  defp end_of([?\n | rest], line, _), do: end_of(rest, line + 1, 1)
  defp end_of([_ | rest], line, col), do: end_of(rest, line, col + 1)
  defp end_of([], line), do: line
  defp end_of([?\n | rest], line), do: end_of(rest, line + 1)
  defp end_of([_ | rest], line), do: end_of(rest, line)

  def file(anno), do: simple_or(anno, :file, :undefined)
  def generated(anno), do: simple_or(anno, :generated, false)
  def record(anno), do: simple_or(anno, :record, false)
  def text(anno), do: simple_or(anno, :text, :undefined)

  defp simple_or(line, _, default) when is_line(line), do: default
  defp simple_or({line, col}, _, default) when is_line(line) and is_col(col), do: default
  defp simple_or(anno, item, default), do: info(anno, item, default)

  def line(anno) do
    case location(anno) do
      {line, _} -> line
      line -> line
    end
  end

  def location(line) when is_line(line), do: line
  def location({line, col} = loc) when is_line(line) and is_col(col), do: loc
  def location(anno), do: info(anno, :location, :undefined)

  defp info(anno, item, default) do
    try do
      :lists.keyfind(item, 1, anno)
    catch
      _, _ -> :erlang.error(:badarg, [anno])
    else
      false -> default
      {^item, value} -> value
    end
  end

  def set_file(file, anno), do: set(:file, file, anno)
  def set_generated(generated, anno), do: set(:generated, generated, anno)
  def set_record(record, anno), do: set(:record, record, anno)
  def set_text(text, anno), do: set(:text, text, anno)

  def set_line(line, anno) do
    case location(anno) do
      {_, col} -> set_location({line, col}, anno)
      _ -> set_location(line, anno)
    end
  end

  def set_location(line, anno) when is_line(line) and (is_line(anno) or (is_tuple(anno) and tuple_size(anno) == 2)), do: simple_location(line, anno)
  def set_location({l, c} = loc, anno) when is_line(l) and is_col(c) and (is_line(anno) or (is_tuple(anno) and tuple_size(anno) == 2)), do: simple_location(loc, anno)
  def set_location(location, anno), do: set(:location, location, anno)

  defp simple_location(loc, anno) do
    case anno do
      l when is_line(l) -> loc
      {l, c} when is_line(l) and is_col(c) -> loc
      _ -> set(:location, loc, anno)
    end
  end

  defp set(item, value, anno) do
    case {settable?(item, value), anno} do
      {true, line} when is_line(line) -> set_item(item, value, [location: line])
      {true, {l, c} = loc} when is_line(l) and is_col(c) -> set_item(item, value, [location: loc])
      {true, a} when is_list(a) and a != [] -> set_item(item, value, anno)
      _ -> :erlang.error(:badarg, [item, value, anno])
    end
  end

  defp set_item(item, value, anno) do
    if (item == :generated or item == :record) and value == false do
      simplify(:lists.keydelete(item, 1, anno))
    else
      case info(anno, item, :undefined) do
        :undefined -> simplify([{item, value} | anno])
        _ -> simplify(:lists.keyreplace(item, 1, anno, {item, value}))
      end
    end
  end

  defp simplify([location: loc]), do: loc
  defp simplify(anno), do: anno

  defp settable?(:file, f), do: is_list(f) or is_binary(f)
  defp settable?(:generated, b), do: is_boolean(b)
  defp settable?(:record, b), do: is_boolean(b)
  defp settable?(:location, l) when is_line(l), do: true
  defp settable?(:location, {l, c}) when is_line(l) and is_col(c), do: true
  defp settable?(:text, t), do: is_list(t)
  defp settable?(_, _), do: false
end
