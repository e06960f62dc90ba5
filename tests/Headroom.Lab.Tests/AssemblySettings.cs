// Torch's thread count is process-wide and the lab's tests compare runs bit for bit: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The tiny world (base model, labels, data sets) is built once for every test that asks for it.
[assembly: AssemblyFixture(typeof(Headroom.Lab.Tests.TinyLab))]
