//! The md (software RAID) driver's ioctls on an array's device node, the
//! ones mdadm and the kernel's own `md=` assembly use: tell the array its
//! geometry (or only which superblock version its members carry), add a
//! member disk, start it, ask how it runs, stop it. The structs are the
//! generated UAPI's (`uapi::md`).

use super::{sys, AsFd};
use crate::errno::Result;
use crate::uapi::md;

pub use md::{mdu_array_info_t as ArrayInfo, mdu_disk_info_t as DiskInfo};

/// An [`ArrayInfo`] of zeros, to fill in.
pub fn array_info() -> ArrayInfo {
    // SAFETY: every field is an integer; all zeros is a valid value.
    unsafe { core::mem::zeroed() }
}

/// A [`DiskInfo`] of zeros, to fill in.
pub fn disk_info() -> DiskInfo {
    // SAFETY: every field is an integer; all zeros is a valid value.
    unsafe { core::mem::zeroed() }
}

/// SET_ARRAY_INFO: an array's geometry, or with `raid_disks == 0` only the
/// superblock version (`major_version`, `minor_version`) its members are
/// read with.
pub fn set_array_info(fd: impl AsFd, info: &ArrayInfo) -> Result<()> {
    // SAFETY: SET_ARRAY_INFO reads one mdu_array_info_t.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            md::SET_ARRAY_INFO,
            info as *const ArrayInfo
        )
        .map(drop)
    }
}

/// ADD_NEW_DISK: a member by device number (and, for an array without
/// superblocks, its slot and state).
pub fn add_new_disk(fd: impl AsFd, info: &DiskInfo) -> Result<()> {
    // SAFETY: ADD_NEW_DISK reads one mdu_disk_info_t.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            md::ADD_NEW_DISK,
            info as *const DiskInfo
        )
        .map(drop)
    }
}

/// RUN_ARRAY: start the array with the members added (its mdu_param_t is
/// unused by the kernel; none is passed).
pub fn run_array(fd: impl AsFd) -> Result<()> {
    // SAFETY: the argument is not read.
    unsafe { sys!(__NR_ioctl, fd.as_fd().as_raw_fd(), md::RUN_ARRAY, 0).map(drop) }
}

/// STOP_ARRAY: stop the array and release its members.
pub fn stop_array(fd: impl AsFd) -> Result<()> {
    // SAFETY: no argument.
    unsafe { sys!(__NR_ioctl, fd.as_fd().as_raw_fd(), md::STOP_ARRAY, 0).map(drop) }
}

/// GET_ARRAY_INFO: how the array is made and how many members work.
pub fn get_array_info(fd: impl AsFd) -> Result<ArrayInfo> {
    let mut info = array_info();
    // SAFETY: GET_ARRAY_INFO writes one mdu_array_info_t.
    unsafe {
        sys!(
            __NR_ioctl,
            fd.as_fd().as_raw_fd(),
            md::GET_ARRAY_INFO,
            &mut info as *mut ArrayInfo
        )?;
    }
    Ok(info)
}
