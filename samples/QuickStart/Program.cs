Console.WriteLine("QuickStart: coming up");
