// One server and one browser at a time: browser suites share a small machine with the rest of CI.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
