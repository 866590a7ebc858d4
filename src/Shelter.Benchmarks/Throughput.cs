using System.Diagnostics;

namespace Shelter.Benchmarks;

/// <summary>
/// Operations per second of a body run on N threads: a warm-up round, then several timed rounds; the median is
/// reported because one round can be disturbed by GC or the other core's noise.
/// </summary>
public static class Throughput
{
    public sealed record Figure(string Name, int Threads, double Median, double Min, double Max)
    {
        public override string ToString() => $"{Name,-46} {Threads} thr  {Median,12:N0}/s  (min {Min:N0}, max {Max:N0})";
    }

    /// <summary>Runs <paramref name="body"/>(thread, iteration) until the round's time is up; each call is one operation.</summary>
    public static Figure Measure(string name, int threads, TimeSpan round, int rounds, Action<int, long> body)
    {
        RunRound(threads, TimeSpan.FromTicks(round.Ticks / 2), body);
        var rates = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            rates.Add(RunRound(threads, round, body));
        }
        rates.Sort();
        return new Figure(name, threads, rates[rates.Count / 2], rates[0], rates[^1]);
    }

    /// <summary>Runs a fixed number of operations (for inputs that are used up, like first taps of new certificates).</summary>
    public static double MeasureCount(int threads, int count, Action<int, int> body)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                body(t, i);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return count / watch.Elapsed.TotalSeconds;
    }

    private static double RunRound(int threads, TimeSpan duration, Action<int, long> body)
    {
        var counts = new long[threads];
        var stop = 0;
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            long n = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                body(t, n);
                n++;
            }
            counts[t] = n;
        })).ToList();
        workers.ForEach(w => w.Start());
        start.SignalAndWait();
        var watch = Stopwatch.StartNew();
        Thread.Sleep(duration);
        Volatile.Write(ref stop, 1);
        workers.ForEach(w => w.Join());
        return counts.Sum() / watch.Elapsed.TotalSeconds;
    }
}
