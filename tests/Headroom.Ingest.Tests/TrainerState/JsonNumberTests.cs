using System.Globalization;
using System.Text;

namespace Headroom.Ingest.Tests.TrainerState;

/// <summary>The one-pass JSON number reader of the history scanner: exactly the grammar, exactly the runtime's value.</summary>
public sealed class JsonNumberTests
{
    [Fact]
    public void Numbers_read_to_the_bit_what_the_runtime_parses()
    {
        // Given numbers as Python writes them (shortest round trip), short decimals, and integers
        var random = new Random(5);
        var texts = new List<string> { "0", "-0", "0.0", "-0.0", "1", "10", "123456789012345678", "9007199254740993", "0.1", "1e22", "1e23", "1e-22", "1e-23", "5e-324", "1.7976931348623157e+308", "2e308", "0.30000000000000004", "4.35e-05" };
        for (var i = 0; i < 20_000; i++)
        {
            var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            texts.Add(value.ToString("R", CultureInfo.InvariantCulture));
            texts.Add(Math.Round(value, random.Next(0, 8)).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var text in texts)
        {
            // When
            var length = JsonNumber.Read(Encoding.ASCII.GetBytes(text + ","), out var value);

            // Then
            Assert.Equal(text.Length, length);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Fact]
    public void Text_cells_read_to_the_bit_what_the_runtime_parses_on_the_fast_path_or_off_it()
    {
        // Given cells as CSV and log readers hand them over: JSON spellings (the fast path), longer than its 32
        // characters, and spellings outside JSON's grammar that the runtime still reads (spaces, +, a bare dot, 00)
        var random = new Random(23);
        var texts = new List<string>
        {
            "0", "-0", "1.5", "1E5", "2.5e-7", " 2.5 ", "+7", ".5", "5.", "007", "1e400", "-1e-400",
            "0.1000000000000000055511151231257827021181583404541015625", "123456789012345678901234567890123",
        };
        for (var i = 0; i < 20_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64() & long.MaxValue);
            if (double.IsFinite(value))
            {
                texts.Add((random.Next(2) == 0 ? value : -value).ToString(i % 2 == 0 ? "R" : "E16", CultureInfo.InvariantCulture));
            }
        }

        foreach (var text in texts)
        {
            // When
            Assert.True(Numbers.TryParse(text, out var value), text);

            // Then
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{text}: {value:R}, runtime {expected:R}");
        }
    }

    [Fact]
    public void Numbers_of_every_magnitude_read_to_the_bit_what_the_runtime_parses()
    {
        // Given doubles drawn over all bit patterns (every power of ten from 1e-324 to 1e308, subnormals too), written
        // shortest and with 17 digits, decimal mantissas of up to 19 digits at every exponent, and the exact midpoints
        // between neighbouring doubles (which round to even)
        var random = new Random(17);
        var texts = new List<string> { "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623158e+308", "9007199254740993", "9223372036854775807", "18446744073709551615e-20" };
        for (var i = 0; i < 30_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64() & long.MaxValue);
            if (!double.IsFinite(value))
            {
                continue;
            }

            texts.Add(value.ToString("R", CultureInfo.InvariantCulture));
            texts.Add(value.ToString("E16", CultureInfo.InvariantCulture));
            texts.Add(string.Create(CultureInfo.InvariantCulture, $"{random.NextInt64(1, long.MaxValue)}e{random.Next(-345, 310)}"));
            var midpoint = (decimal)Math.Round(random.NextDouble(), 15);
            texts.Add((midpoint + (decimal)(Math.BitIncrement((double)midpoint) - (double)midpoint) / 2).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var text in texts)
        {
            // When
            var length = JsonNumber.Read(Encoding.ASCII.GetBytes(text + ","), out var value);

            // Then
            Assert.Equal(text.Length, length);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Theory]
    [InlineData("01", 1)]
    [InlineData("-", -1)]
    [InlineData("1.", -1)]
    [InlineData(".5", -1)]
    [InlineData("1e", -1)]
    [InlineData("1e+", -1)]
    [InlineData("+1", -1)]
    [InlineData("1.5e3x", 5)]
    [InlineData("-12.5E-3}", 8)]
    public void Only_the_JSON_grammar_is_a_number(string text, int length)
        => Assert.Equal(length, JsonNumber.Read(Encoding.ASCII.GetBytes(text), out _));
}
