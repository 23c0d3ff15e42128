using Backends.Runtime;

namespace Backends.Runtime.Tests.Settings;

public sealed class SettingValueTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("12", 12_000)]
    [InlineData("00:00:30", 30_000)]
    public void Durations_parse(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SettingValue.ParseDuration(text, "mysql:demo:connectTimeout"));

    [Fact]
    public void Infinite_is_the_infinite_timespan() =>
        Assert.Equal(Timeout.InfiniteTimeSpan, SettingValue.ParseDuration("infinite", "mysql:demo:startupTimeout"));

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("")]
    public void Bad_durations_name_the_key_and_say_what_to_write(string text)
    {
        var ex = Assert.Throws<BackendConfigurationException>(() => SettingValue.ParseDuration(text, "mysql:demo:connectTimeout"));
        Assert.Contains("Backends:mysql:demo:connectTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"30s\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_range_checked()
    {
        Assert.Equal(50, SettingValue.ParseInt32("50", "mysql:demo:pool:max", 1, 1000));
        var ex = Assert.Throws<BackendConfigurationException>(() => SettingValue.ParseInt32("0", "mysql:demo:pool:max", 1, 1000));
        Assert.Equal("Backends:mysql:demo:pool:max = 0 is out of range: write a number from 1 to 1000.", ex.Message);
        Assert.Throws<BackendConfigurationException>(() => SettingValue.ParseInt32("ten", "mysql:demo:pool:max"));
    }

    [Fact]
    public void Enums_parse_ignoring_case_and_list_the_members_when_wrong()
    {
        Assert.Equal(DayOfWeek.Monday, SettingValue.ParseEnum<DayOfWeek>("monday", "x:y:day"));
        var ex = Assert.Throws<BackendConfigurationException>(() => SettingValue.ParseEnum<DayOfWeek>("Funday", "x:y:day"));
        Assert.Contains("Sunday, Monday", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_split_on_commas() =>
        Assert.Equal(["a:1", "b:2"], SettingValue.ParseList(" a:1 , b:2 ,"));
}
