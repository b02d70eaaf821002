Console.WriteLine("benchmarks: see issue 6");
