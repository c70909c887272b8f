using ElasticCompute.Api.Quantities;
using ElasticCompute.Portal.Machines;

namespace ElasticCompute.Portal.Tests.Machines;

/// <summary>Sizes as people read them and as the forms carry them (a number of GiB).</summary>
public sealed class SizesTests
{
    [Theory]
    [InlineData(512L * Quantity.Mi, "512 MiB")]
    [InlineData(4L * Quantity.Gi, "4 GiB")]
    [InlineData(3L * Quantity.Gi / 2, "1.5 GiB")]
    [InlineData(5L * Quantity.Ti / 2, "2.5 TiB")]
    [InlineData(Quantity.Ti, "1 TiB")]
    [InlineData(1100L * Quantity.Gi, "1.07 TiB")]
    [InlineData(1000L * Quantity.Mi, "1000 MiB")]
    public void Bytes_are_written_in_the_largest_unit_that_reads_well(long bytes, string expected) =>
        Assert.Equal(expected, Sizes.Bytes(bytes));

    [Fact]
    public void A_quantity_is_written_the_same_way_and_a_missing_or_bad_one_as_a_dash()
    {
        Assert.Equal("4 GiB", Sizes.Of("4Gi"));
        Assert.Equal("1.5 GiB", Sizes.Of("1536Mi"));
        Assert.Equal("–", Sizes.Of(null));
        Assert.Equal("–", Sizes.Of("lots"));
    }

    [Theory]
    [InlineData("4", "4Gi")]
    [InlineData("1.5", "1536Mi")]
    [InlineData("0.5", "512Mi")]
    [InlineData(" 80 ", "80Gi")]
    [InlineData("0.7", "0.7Gi")]
    [InlineData("1.0", "1Gi")]
    [InlineData("80.00", "80Gi")]
    public void A_number_of_GiB_becomes_a_quantity(string text, string expected) =>
        Assert.Equal(new Quantity(expected), Sizes.FromGi(text));

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("4Gi")]
    [InlineData("2000000")]
    public void Text_that_is_no_positive_number_of_GiB_is_none(string? text) =>
        Assert.Null(Sizes.FromGi(text));

    [Theory]
    [InlineData("1,5")]
    [InlineData("2,5")]
    [InlineData("1,024")]
    public void A_comma_is_refused_rather_than_read_as_a_thousands_separator(string text) =>
        Assert.Null(Sizes.FromGi(text));

    [Theory]
    [InlineData(4L * Quantity.Gi, "4")]
    [InlineData(3L * Quantity.Gi / 2, "1.5")]
    [InlineData(512L * Quantity.Mi, "0.5")]
    [InlineData(80L * Quantity.Gi, "80")]
    public void Gi_is_the_number_a_form_field_shows(long bytes, string expected) =>
        Assert.Equal(expected, Sizes.Gi(bytes));
}
