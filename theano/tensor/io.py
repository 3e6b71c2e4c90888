"""theano.tensor.io: tensor.load (LoadFromDisk) and the MPI ops (mpi4py optional: mpi_enabled)."""
from theano.frontend.ops.io import (LoadFromDisk, MPIRecv, MPIRecvWait, MPISend, MPISendWait, irecv, isend, load,
                                    mpi_cmps, mpi_enabled, mpi_keys, mpi_send_wait_cmp, mpi_send_wait_key,
                                    mpi_tag_cmp, mpi_tag_key, recv, send)

__all__ = ["LoadFromDisk", "MPIRecv", "MPIRecvWait", "MPISend", "MPISendWait", "irecv", "isend", "load", "mpi_cmps",
           "mpi_enabled", "mpi_keys", "mpi_send_wait_cmp", "mpi_send_wait_key", "mpi_tag_cmp", "mpi_tag_key", "recv",
           "send"]
