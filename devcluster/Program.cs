Console.WriteLine("devcluster: under construction");
