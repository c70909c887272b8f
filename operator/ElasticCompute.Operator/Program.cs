Console.WriteLine("operator: under construction");
